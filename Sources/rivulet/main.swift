import RivuletApp
print("rivulet")
